import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-522BGTLF.js";import"./chunk-FZU2CTDO.js";import"./chunk-TI7VW2PX.js";import"./chunk-NVVZQDBJ.js";import"./chunk-KJZKI77F.js";import"./chunk-4NVBD4IH.js";export{main};
