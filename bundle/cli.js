import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-I3AQHH6T.js";import"./chunk-7VX6O45M.js";import"./chunk-I3C2G2CL.js";import"./chunk-5HC2VFWP.js";import"./chunk-HIBB7M6G.js";import"./chunk-4NVBD4IH.js";export{main};
