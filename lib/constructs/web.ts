import { Arn, ArnFormat, Duration, SecretValue, Stack } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestCookieBehavior,
  OriginRequestHeaderBehavior,
  OriginRequestPolicy,
  OriginRequestQueryStringBehavior,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  SSLMethod,
  ViewerProtocolPolicy,
  type BehaviorOptions,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { acknowledge, wildcardResourceFinding } from '../nag';
import { Construct } from 'constructs';
import { FORWARDED_VIEWER_HEADERS, ORIGIN_VERIFY_HEADER, VIEWER_ADDRESS_HEADER } from '../../functions/http/cloudfront-edge';
import { portalContentSecurityPolicy, portalHeaders } from '../../functions/http/security-headers';
import type { OriginSecret, PortalAddress } from '../bind';

export interface WebProps {
  webBucket: IBucket;
  accessLogBucket: IBucket;
  /** Host name of the HTTP API's execute-api endpoint. */
  apiDomainName: string;
  domainName: string;
  /** ACM certificate (us-east-1) for domainName; without it the portal is on *.cloudfront.net. */
  certificateArn?: string;
  /** Directory with the built portal (index.html + hashed assets). */
  webAssetPath: string;
  logRetention: RetentionDays;
  /** Version of the origin secret to send, after a manual rotation (settings.originSecretVersion). */
  originSecretVersion?: string;
}

/** Header names CloudFront sets through its security-headers settings rather than as custom headers. */
const SECURITY_HEADER_NAMES = new Set(['Content-Security-Policy', 'X-Frame-Options', 'X-Content-Type-Options', 'Referrer-Policy']);
const HSTS = { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true };

/**
 * CloudFront in front of everything: the portal from the private web bucket (origin access
 * control), `/api/*` and `/admin*` to the HTTP API with caching off, the origin secret and the
 * viewer's address added (functions/http/cloudfront-edge.ts). The portal's response headers are
 * the ones the local gateway sends (functions/http/security-headers.ts) plus HSTS; API responses
 * carry their own CSP (the admin UI's differs from the portal's), so that behaviour adds only
 * transport-level headers.
 */
export class Web extends Construct {
  readonly distribution: Distribution;
  readonly portal: PortalAddress;
  /** Bound to the HTTP functions (lib/bind.ts `bindOriginSecret`), which refuse requests without it. */
  readonly originSecret: OriginSecret;

  constructor(scope: Construct, id: string, props: WebProps) {
    super(scope, id);

    const referrer = Object.values(HeadersReferrerPolicy).find((v) => v === portalHeaders['Referrer-Policy']);
    if (!referrer || portalHeaders['X-Frame-Options'] !== 'DENY' || portalHeaders['X-Content-Type-Options'] !== 'nosniff') {
      throw new Error('functions/http/security-headers.ts changed: map its headers onto the CloudFront policy in lib/constructs/web.ts');
    }
    const portalHeadersPolicy = new ResponseHeadersPolicy(this, 'PortalHeaders', {
      comment: 'Softech Podpora portal: security headers (same as local mode) + HSTS',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: portalContentSecurityPolicy, override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: referrer, override: true },
        strictTransportSecurity: HSTS,
      },
      customHeadersBehavior: {
        customHeaders: Object.entries(portalHeaders)
          .filter(([header]) => !SECURITY_HEADER_NAMES.has(header))
          .map(([header, value]) => ({ header, value, override: true })),
      },
    });
    const apiHeadersPolicy = new ResponseHeadersPolicy(this, 'ApiHeaders', {
      comment: 'Softech Podpora API and admin: transport security headers; CSP comes from the handlers',
      securityHeadersBehavior: {
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        contentTypeOptions: { override: true },
        strictTransportSecurity: HSTS,
      },
    });

    const stack = Stack.of(this);
    const secretName = `${stack.stackName}/origin-verify`;
    const secret = new Secret(this, 'OriginSecret', {
      secretName,
      description: `Softech Podpora: ${ORIGIN_VERIFY_HEADER}, sent by CloudFront to the API, which refuses requests without it`,
      generateSecretString: { passwordLength: 48, excludePunctuation: true, includeSpace: false },
    });
    this.originSecret = { name: secretName, arn: secret.secretArn };
    acknowledge(
      secret,
      'Rotation must change CloudFront (a stack deploy) and the functions together: an automatic rotation would leave CloudFront sending the old value and every API request refused until the next deploy. It is rotated by hand with a redeploy (README, Deploy to AWS: rotating the origin secret).',
      'AwsSolutions-SMG4',
    );
    // CloudFormation resolves a `{{resolve:secretsmanager:…}}` dynamic reference in any resource
    // property, so the value reaches CloudFront at deploy time without ever being in the template
    // (unsafeUnwrap only renders the reference; whoever may read the distribution's configuration
    // sees the value, as with any origin header). It is resolved again only when the reference text
    // changes, hence the version id after a rotation.
    const headerValue =
      props.originSecretVersion === undefined
        ? secret.secretValue
        : SecretValue.secretsManager(secret.secretArn, { versionId: props.originSecretVersion });

    // CloudFront adds CloudFront-Viewer-Address only when the origin request policy names it, and a
    // policy cannot say "every viewer header but Host, plus that one": `allExcept` only takes headers
    // away, and `allViewerAndWhitelistCloudFront` also forwards the viewer's Host, for which the
    // execute-api endpoint answers 403. So the policy names the headers the functions read
    // (test/cdk checks their source against the list) and the viewer address.
    const apiRequests = new OriginRequestPolicy(this, 'ApiRequests', {
      comment: 'Softech Podpora API and admin: the viewer headers the functions read, the viewer address, all cookies and query strings',
      headerBehavior: OriginRequestHeaderBehavior.allowList(...FORWARDED_VIEWER_HEADERS, VIEWER_ADDRESS_HEADER),
      cookieBehavior: OriginRequestCookieBehavior.all(),
      queryStringBehavior: OriginRequestQueryStringBehavior.all(),
    });

    const api: BehaviorOptions = {
      origin: new HttpOrigin(props.apiDomainName, {
        protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
        originSslProtocols: [OriginSslPolicy.TLS_V1_2],
        customHeaders: { [ORIGIN_VERIFY_HEADER]: headerValue.unsafeUnwrap() },
      }),
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      originRequestPolicy: apiRequests,
      responseHeadersPolicy: apiHeadersPolicy,
      compress: true,
    };

    const customDomain = props.certificateArn !== undefined;
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Softech Podpora',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(props.webBucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: portalHeadersPolicy,
        compress: true,
      },
      additionalBehaviors: { '/api/*': api, '/admin*': api },
      defaultRootObject: 'index.html',
      ...(customDomain && {
        domainNames: [props.domainName],
        certificate: Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn!),
        minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
        sslSupportMethod: SSLMethod.SNI,
      }),
      httpVersion: HttpVersion.HTTP2_AND_3,
      // Clients are in the Czech Republic: Europe and North America edges are enough and cheapest.
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: props.accessLogBucket,
      logFilePrefix: 'cloudfront/',
    });
    acknowledge(
      this.distribution,
      'Geo restriction: clients are Czech companies, but their staff travel and use foreign mobile networks; blocking countries would lock them out while stopping no determined attacker.',
      'AwsSolutions-CFR1',
    );
    acknowledge(
      this.distribution,
      'WAF: at a few hundred requests a month its fixed cost (web ACL + rules, ~US$ 6+/month) would exceed the rest of the stack; API throttling and the per-IČO/per-viewer-address login lockout (README, Security and reliability) cover the abuse it would stop. Revisit at 100× volume.',
      'AwsSolutions-CFR2',
    );
    if (!customDomain) {
      acknowledge(
        this.distribution,
        'No certificate was given (context certificateArn), so the distribution serves the default *.cloudfront.net certificate, whose TLS policy CloudFront does not let us set. With a certificate the minimum is TLSv1.2_2021.',
        'AwsSolutions-CFR4',
      );
    }

    const url = customDomain ? `https://${props.domainName}/` : `https://${this.distribution.distributionDomainName}/`;
    this.portal = { url, origins: [url.replace(/\/$/, '')] };

    this.deployPortal(props);
  }

  /**
   * Copies the built portal into the web bucket and invalidates the cache. The deployment Lambda
   * (CDK's) gets a role with exactly the object access `aws s3 sync` needs: CDK's default grants
   * for it are wildcard actions (s3:GetObject*, s3:List*, …), so its role is handed over without
   * policy updates and the statements are written here.
   */
  private deployPortal(props: WebProps) {
    const stack = Stack.of(this);
    const asset = new Asset(this, 'PortalFiles', { path: props.webAssetPath });
    const logGroup = new LogGroup(this, 'DeployLogs', { retention: props.logRetention });
    const role = new Role(this, 'DeployRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Copies the portal into the web bucket',
    });
    role.addToPolicy(new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
    role.addToPolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [asset.bucket.arnForObjects(asset.s3ObjectKey)] }));
    role.addToPolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [props.webBucket.bucketArn] }));
    role.addToPolicy(
      new PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        resources: [props.webBucket.arnForObjects('*')],
      }),
    );
    const distributionArn = Arn.format(
      {
        service: 'cloudfront',
        region: '',
        resource: 'distribution',
        resourceName: this.distribution.distributionId,
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      },
      stack,
    );
    role.addToPolicy(
      new PolicyStatement({ actions: ['cloudfront:CreateInvalidation', 'cloudfront:GetInvalidation'], resources: [distributionArn] }),
    );

    const deployment = new BucketDeployment(this, 'DeployPortal', {
      sources: [Source.bucket(asset.bucket, asset.s3ObjectKey)],
      destinationBucket: props.webBucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      role: role.withoutPolicyUpdates(),
      logGroup,
      memoryLimit: 256,
    });
    // The deployment's Lambda is a singleton CDK adds at stack level, on the Python runtime CDK pins for it.
    const deployHandler = stack.node.children.find((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (deployHandler) {
      acknowledge(
        deployHandler,
        "CDK's BucketDeployment handler runs on the runtime CDK ships it for (with its AWS CLI layer); it only runs during deployments.",
        'AwsSolutions-L1',
      );
    }
    // The handler sees the role without its policy (withoutPolicyUpdates), so CloudFormation must
    // be told to create the policy before the deployment runs.
    deployment.node.addDependency(role);
    acknowledge(
      role,
      'The portal deployment replaces every object of the web bucket: object names are content hashes known only after the build.',
      wildcardResourceFinding(this, props.webBucket.arnForObjects('*')),
    );
  }
}
