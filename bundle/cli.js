import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-DTAP334W.js";import"./chunk-IQAFNRGS.js";import"./chunk-ZOKIFTRB.js";import"./chunk-P4MW54PI.js";import"./chunk-KR7TYFP3.js";import"./chunk-4NVBD4IH.js";export{main};
