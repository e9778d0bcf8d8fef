import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-5IRBENYH.js";import"./chunk-53LHK3CP.js";import"./chunk-KW7TB5PI.js";import"./chunk-TJH75LPC.js";import"./chunk-D4ER2PLP.js";import"./chunk-4NVBD4IH.js";export{main};
