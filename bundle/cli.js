import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-334CR7BQ.js";import"./chunk-SWWZGACR.js";import"./chunk-DVHYQD2F.js";import"./chunk-2COHY4KW.js";import"./chunk-XDAI2PUB.js";import"./chunk-4NVBD4IH.js";export{main};
