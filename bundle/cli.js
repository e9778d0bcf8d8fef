import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-D4WDNZDO.js";import"./chunk-4TFDMV5A.js";import"./chunk-5DEOLFHG.js";import"./chunk-5HC2VFWP.js";import"./chunk-HIBB7M6G.js";import"./chunk-4NVBD4IH.js";export{main};
