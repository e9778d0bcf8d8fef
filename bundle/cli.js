import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-FED2LP56.js";import"./chunk-QE767X5Q.js";import"./chunk-MWSGB5ZG.js";import"./chunk-4B7KVBT6.js";import"./chunk-74HYVJIX.js";import"./chunk-WZFNGGZW.js";import"./chunk-VPIPWSZX.js";import"./chunk-Y4KAWLXH.js";import"./chunk-IB3A572X.js";import"./chunk-3RUPSHTG.js";export{main};
