import * as z from 'zod/mini';
import { en } from 'zod/locales';

// zod/mini loads no locale: without this every issue reads "Invalid input", and the 400s, the
// DLQ's reasons and a failed cold start's config error would not say what is wrong. Imported
// for its effect only (package.json `sideEffects` names this file), by the index and by each
// module that parses.
z.config(en());
