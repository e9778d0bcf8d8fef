import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-SVLOC27L.js";import"./chunk-O3U3EOJT.js";import"./chunk-6N6QLZJI.js";import"./chunk-S5YVEYV6.js";import"./chunk-KJZKI77F.js";import"./chunk-4NVBD4IH.js";export{main};
