import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-MLTCV76B.js";import"./chunk-AUBAVUIL.js";import"./chunk-UUIQN5L3.js";import"./chunk-2WZWU7UO.js";import"./chunk-EEK3CM7J.js";import"./chunk-4NVBD4IH.js";export{main};
