import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-3KH53OCA.js";import"./chunk-AAW6ZXL4.js";import"./chunk-2T6BH2JB.js";import"./chunk-H7BXQJYV.js";import"./chunk-G2CDTAPW.js";import"./chunk-4NVBD4IH.js";export{main};
