import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{rules}from"./chunk-MZQPXFST.js";import"./chunk-ZNKIZT5B.js";import"./chunk-4NVBD4IH.js";export{rules};
