import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-N3A4ORZB.js";import"./chunk-7BAUIMBN.js";import"./chunk-56BRCURM.js";import"./chunk-R3A4N7XE.js";import"./chunk-LFQSHN2S.js";import"./chunk-4NVBD4IH.js";export{main};
