import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-4LQ36AAJ.js";import"./chunk-5CLGLQ7F.js";import"./chunk-W7L2SRF5.js";import"./chunk-HCP4SUBQ.js";import"./chunk-KR7TYFP3.js";import"./chunk-4NVBD4IH.js";export{main};
