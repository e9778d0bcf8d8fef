import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{rules}from"./chunk-APTSZ6PK.js";import"./chunk-LFQSHN2S.js";import"./chunk-4NVBD4IH.js";export{rules};
