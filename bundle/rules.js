import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{rules}from"./chunk-4B7KVBT6.js";import"./chunk-74HYVJIX.js";import"./chunk-IB3A572X.js";import"./chunk-3RUPSHTG.js";export{rules};
