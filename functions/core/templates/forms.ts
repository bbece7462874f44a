import * as z from '../../shared/zod';
import { longText, singleLine } from '../form-parts';

/** The template form of /admin/templates: a name and the text (placeholders checked by saveTemplate). Lazy, see form-parts.ts. */
export const templateSchema = z.lazy(() =>
  z.object({
    name: singleLine('Zadejte název šablony (nejvýše 100 znaků).', 100),
    text: longText('Zadejte text šablony (nejvýše 8 000 znaků).', 8000),
  }),
);
