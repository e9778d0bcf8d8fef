import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-M4G5ZIHK.js";import"./chunk-WNT25V5W.js";import"./chunk-QSPCJCC3.js";import"./chunk-UIARGO6U.js";import"./chunk-HIBB7M6G.js";import"./chunk-IYPZQOXL.js";import"./chunk-VJJJW4UE.js";import"./chunk-CTOGJIQG.js";export{main};
