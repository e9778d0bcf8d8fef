import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-I2PV7T4X.js";import"./chunk-AP3ONIYJ.js";import"./chunk-K4XNUUE3.js";import"./chunk-Z6TYNCSP.js";import"./chunk-RSGGGJ3G.js";import"./chunk-4NVBD4IH.js";export{main};
