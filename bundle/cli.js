import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-EE6RAYD7.js";import"./chunk-T566V2HT.js";import"./chunk-KW7TB5PI.js";import"./chunk-H55V5AA2.js";import"./chunk-D4ER2PLP.js";import"./chunk-4NVBD4IH.js";export{main};
