import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{rules}from"./chunk-JM7LMYDL.js";import"./chunk-G2CDTAPW.js";import"./chunk-CTOGJIQG.js";export{rules};
