import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-4ZD2EQQ6.js";import"./chunk-VMGSWPB3.js";import"./chunk-VL5U36L4.js";import"./chunk-OT3SSWJL.js";import"./chunk-ZVCNKL55.js";import"./chunk-4NVBD4IH.js";export{main};
