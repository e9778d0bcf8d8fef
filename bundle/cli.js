import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-YH7TDYPV.js";import"./chunk-S4LIJWOW.js";import"./chunk-PNTY2WM2.js";import"./chunk-HCP4SUBQ.js";import"./chunk-KR7TYFP3.js";import"./chunk-4NVBD4IH.js";export{main};
