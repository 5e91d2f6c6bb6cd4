import { globToRegExp } from '../../../src/filter/glob.ts';
const m = globToRegExp('*a*a*a*a*a*a*a*b');
const v = 'a'.repeat(5000);
const t = performance.now(); console.log(m.test(v), (performance.now()-t).toFixed(1),'ms');
const r = new RegExp('^[\\s\\S]*a[\\s\\S]*a[\\s\\S]*a[\\s\\S]*a[\\s\\S]*a[\\s\\S]*a[\\s\\S]*a[\\s\\S]*b$');
const t2 = performance.now(); console.log(r.test('a'.repeat(300)), (performance.now()-t2).toFixed(1),'ms (JS RegExp on 300 chars)');
