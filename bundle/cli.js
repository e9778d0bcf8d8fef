import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-GIQBRIW3.js";import"./chunk-43YWYUFT.js";import"./chunk-6WR434VW.js";import"./chunk-X4RFMPD7.js";import"./chunk-TQ663YWT.js";import"./chunk-4NVBD4IH.js";export{main};
