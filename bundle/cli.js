import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-I2GW5XVW.js";import"./chunk-LVQ55XKD.js";import"./chunk-AAZVHKE5.js";import"./chunk-X4RFMPD7.js";import"./chunk-TQ663YWT.js";import"./chunk-4NVBD4IH.js";export{main};
