import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-R6UDZ273.js";import"./chunk-5R3I7QMI.js";import"./chunk-KW7TB5PI.js";import"./chunk-L7BLTYPB.js";import"./chunk-D4ER2PLP.js";import"./chunk-4NVBD4IH.js";export{main};
