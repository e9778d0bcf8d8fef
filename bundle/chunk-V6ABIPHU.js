import { createRequire as __iacLintRequire } from 'node:module';
let __iacLintRequired;
const require = (id) => (__iacLintRequired ??= __iacLintRequire(import.meta.url))(id);
