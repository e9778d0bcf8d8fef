import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-QWSNDGQZ.js";import"./chunk-5LFVNMNS.js";import"./chunk-WSLSJUGE.js";import"./chunk-5BAO37JK.js";import"./chunk-OEGB2EAL.js";import"./chunk-4NVBD4IH.js";export{main};
