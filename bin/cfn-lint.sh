#!/usr/bin/env bash
# Synthesizes the stack (no AWS credentials needed) and lints the template with AWS's cfn-lint.
# Any error or warning not ignored in .cfnlintrc.yaml fails.
set -euo pipefail
cd "$(dirname "$0")/.."
# A fresh pip install may not be on PATH yet (pyenv shims, ~/.local/bin): call its entry point through python.
if command -v cfn-lint >/dev/null 2>&1; then
  lint() { cfn-lint "$@"; }
elif python3 -c 'import cfnlint.runner' 2>/dev/null; then
  lint() { python3 -c 'import sys; from cfnlint.runner import main; sys.exit(main())' "$@"; }
else
  echo "cfn-lint chybí: nainstalujte ho příkazem 'python3 -m pip install cfn-lint' (AWS CloudFormation Linter)." >&2
  exit 1
fi
npx cdk synth --no-notices --quiet >/dev/null
lint --version
lint
echo "cfn-lint: the template has no findings"
