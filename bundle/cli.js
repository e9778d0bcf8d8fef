import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-HWDZXQ6F.js";import"./chunk-M3PWC2RD.js";import"./chunk-EOCBV6PD.js";import"./chunk-UIARGO6U.js";import"./chunk-HIBB7M6G.js";import"./chunk-CTOGJIQG.js";export{main};
