import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-55SRX2SA.js";import"./chunk-27QEW2GW.js";import"./chunk-6WR434VW.js";import"./chunk-X4RFMPD7.js";import"./chunk-TQ663YWT.js";import"./chunk-4NVBD4IH.js";export{main};
