import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-ZRNIWGGI.js";import"./chunk-TDYN733R.js";import"./chunk-ZXA7VOZ6.js";import"./chunk-UIARGO6U.js";import"./chunk-HIBB7M6G.js";import"./chunk-4NVBD4IH.js";export{main};
