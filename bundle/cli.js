import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-QW7V6PSS.js";import"./chunk-XZKBCVZZ.js";import"./chunk-3CZLDSOH.js";import"./chunk-IVH4QK3U.js";import"./chunk-T7ODPEGJ.js";import"./chunk-4NVBD4IH.js";export{main};
