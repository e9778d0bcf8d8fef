import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-3L37JNKM.js";import"./chunk-YTZZUIXK.js";import"./chunk-ZOKIFTRB.js";import"./chunk-HCP4SUBQ.js";import"./chunk-KR7TYFP3.js";import"./chunk-4NVBD4IH.js";export{main};
