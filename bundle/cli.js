import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-RWNS5QQD.js";import"./chunk-WEVOFDCC.js";import"./chunk-UAHRIB55.js";import"./chunk-O7EYOWA3.js";import"./chunk-GU5VCDUN.js";import"./chunk-4NVBD4IH.js";export{main};
