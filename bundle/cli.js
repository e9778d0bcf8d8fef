import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-EMKDCDFB.js";import"./chunk-NRUNYJSG.js";import"./chunk-W4UFRPBL.js";import"./chunk-DNFNDMF5.js";import"./chunk-XVR6RLKJ.js";import"./chunk-4NVBD4IH.js";export{main};
