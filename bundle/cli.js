import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-KSILK4X5.js";import"./chunk-DROPLR4B.js";import"./chunk-56BRCURM.js";import"./chunk-APTSZ6PK.js";import"./chunk-LFQSHN2S.js";import"./chunk-4NVBD4IH.js";export{main};
