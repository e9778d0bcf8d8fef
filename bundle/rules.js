import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{rules}from"./chunk-OT3SSWJL.js";import"./chunk-ZVCNKL55.js";import"./chunk-CTOGJIQG.js";export{rules};
