import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{rules}from"./chunk-UIARGO6U.js";import"./chunk-HIBB7M6G.js";import"./chunk-CTOGJIQG.js";export{rules};
