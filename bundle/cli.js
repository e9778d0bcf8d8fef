import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-OFZW3DDV.js";import"./chunk-RW63KKO6.js";import"./chunk-E544UGIC.js";import"./chunk-JM7LMYDL.js";import"./chunk-G2CDTAPW.js";import"./chunk-CTOGJIQG.js";export{main};
