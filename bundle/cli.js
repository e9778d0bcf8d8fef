import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-I6OQSSCQ.js";import"./chunk-33LUV6II.js";import"./chunk-EAISPHNN.js";import"./chunk-OT3SSWJL.js";import"./chunk-ZVCNKL55.js";import"./chunk-IYPZQOXL.js";import"./chunk-VJJJW4UE.js";import"./chunk-CTOGJIQG.js";export{main};
