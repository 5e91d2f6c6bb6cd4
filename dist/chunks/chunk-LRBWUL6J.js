import { createRequire as __falcoCreateRequire } from 'node:module'; import { fileURLToPath as __falcoFileURLToPath } from 'node:url'; import { dirname as __falcoDirname } from 'node:path'; const require = __falcoCreateRequire(import.meta.url); const __filename = __falcoFileURLToPath(import.meta.url); const __dirname = __falcoDirname(__filename);
import{d as P,e as j,j as B}from"./chunk-VE7MTNKL.js";import{a as k,c as l,e as b}from"./chunk-5ZNRDBNH.js";import{a as F,c as m,d as y,e as R,f as h}from"./chunk-7NEYVKEI.js";import{a}from"./chunk-3X4CCJAQ.js";var W=1024*1024,D=W-24*1024,d=50,A=100,G=1e3,v=a(t=>Buffer.byteLength(t,"utf8"),"bytes");function T(t){return t.map(n=>typeof n=="string"?k(n):l(n.hostile,300)).join("")}a(T,"renderNote");function V(t,n){return n.process!==void 0&&B(t,n.process)==="match"}a(V,"stepNamesProcess");function Y(t){let n=t.steps.length===1&&V(t.steps[0].name,t),e=t.process&&!n?` (${T(j(t.process))})`:"";if(t.steps.length===1){let r=t.steps[0],i=t.method==="time"?" (by time)":"";return`${l(r.name,200)}${e}${i}`}return t.steps.length>1?`either ${t.steps.map(r=>l(r.name,200)).join(" or ")}${e} (boundary second)`:t.process?`unknown step${e}`:"unknown"}a(Y,"stepCell");function H(t){let n=/T(\d{2}:\d{2}:\d{2})(\.\d{1,3})?/.exec(t);return n?`${n[1]}${n[2]??""}`:l(t,40)}a(H,"timeCell");function N(t){return t.replace(/^(?:\d{2}:\d{2}:\d{2}\.\d{1,9}|\d{4}-\d{2}-\d{2}T[\d:.+-]+Z?): (?:Emergency|Alert|Critical|Error|Warning|Notice|Informational|Info|Debug) /,"")}a(N,"outputMessage");function X(t){let n=t.alert;return`| ${H(n.time)} | ${Y(t)} | ${l(n.rule,200)} | ${h(n.priority)} | ${l(N(n.output),G)} |
`}a(X,"row");function S(t){return t===void 0||!Number.isFinite(t)?"not measured":`${t.toFixed(2)} s`}a(S,"formatSeconds");function L(t){return t===void 0||!Number.isFinite(t)?"not measured":`${(t/(1024*1024)).toFixed(1)} MiB`}a(L,"formatBytes");function z(t,n,e=t.length){let r=t.slice(0,d).map(f=>`- ${l(f,500)}
`),i=Math.min(t.length,d),u=e>i?`- \u2026 and ${e-i} more ${n}
`:"";return r.join("")+u}a(z,"bulletList");function nt(t,n=D){let e=t.findings,r=[];if(r.push(`## Falco: ${e.length===0?"no alerts":`${e.length} alert${e.length===1?"":"s"}`} in this job

`),t.job&&r.push(`Job ${l(t.job.name,200)} on runner ${l(t.job.runnerName,200)}.

`),t.stepsUnavailable&&r.push(`> [!WARNING]
> Steps could not be named: ${l(t.stepsUnavailable,600)}
> Alerts are attributed to the action or script that caused them, without step names.

`),t.failOn!=="none"){let o=t.failOn,s=e.filter(c=>y(c.alert.priority,o)).length;r.push(`fail-on: **${o}**: ${s} alert${s===1?"":"s"} at or above it.

`)}if(e.length>0){r.push(`### By priority

| Priority | Alerts |
| --- | ---: |
`);for(let s of F){let c=e.filter($=>$.alert.priority===s).length;c>0&&r.push(`| ${h(s)} | ${c} |
`)}r.push(`
### By rule

| Rule | Highest priority | Alerts |
| --- | --- | ---: |
`);let o=x(e);for(let s of o.slice(0,A))r.push(`| ${l(s.rule,200)} | ${h(s.highest)} | ${s.findings.length} |
`);if(o.length>A){let s=o.slice(A),c=s.reduce(($,O)=>$+O.findings.length,0);r.push(`| \u2026 and ${s.length} more rules | ${h(s[0]?.highest??"debug")} | ${c} |
`)}r.push(`
### Alerts

| Time (UTC) | Step | Rule | Priority | Output |
| --- | --- | --- | --- | --- |
`)}let i=[];if(t.notes.length>0){let o=t.notes.slice(0,d).map(c=>`- ${T(c)}
`).join(""),s=t.notes.length>d?`- \u2026 and ${t.notes.length-d} more notes
`:"";i.push(`
### Attribution notes

${o}${s}`)}t.problems.length>0&&i.push(`
### Problems reading Falco's events

${z(t.problems,"problems",Math.max(t.problemCount??0,t.problems.length))}`);let u=t.cost,f=u.memoryMeasure==="resident-at-stop"&&u.peakMemoryBytes!==void 0,M=u.peakMemoryBytes===void 0?"":f?"Falco's memory is the resident (anonymous) memory of its container when stop read it; its peak could not be read":"Falco's peak memory is the peak resident set of Falco's process (VmHWM)",C=u.cacheBytes===void 0?"":`; page cache of the files it read (${L(u.cacheBytes)}) is not counted`;i.push(`
### What monitoring cost this job

| Falco CPU time | Falco peak memory | Start took | Stop took |
| ---: | ---: | ---: | ---: |
| ${S(u.cpuSeconds)} | ${L(u.peakMemoryBytes)}${f?" (at stop)":""} | ${S(u.startSeconds)} | ${S(u.stopSeconds)} |
`+(M===""?"":`
${M}${C}.
`));let U=r.join("")+i.join(""),w=n-v(U)-200,E=e.map((o,s)=>s).sort((o,s)=>m(e[o].alert.priority)-m(e[s].alert.priority)||o-s),p=[];for(let o of E){let s=X(e[o]),c=v(s);if(c>w)break;w-=c,p.push({index:o,text:s})}p.sort((o,s)=>o.index-s.index);let g=e.length-p.length,_=p.map(o=>o.text).join(""),I=g>0?`
**${g} more alert${g===1?"":"s"} not shown**: the step summary is limited to 1 MiB; the least severe were left out. All alerts are in the events file.
`:"";return{markdown:r.join("")+_+I+i.join(""),shownRows:p.length,omittedRows:g}}a(nt,"renderLiveSummary");function x(t){let n=new Map;for(let e of t){let r=n.get(e.alert.rule)??[];r.push(e),n.set(e.alert.rule,r)}return[...n.entries()].map(([e,r])=>({rule:e,highest:R(r.map(i=>i.alert.priority)),findings:r})).sort((e,r)=>m(e.highest)-m(r.highest)||r.findings.length-e.findings.length||e.rule.localeCompare(r.rule))}a(x,"groupByRule");function J(t){return y(t,"error")?"error":t==="warning"?"warning":"notice"}a(J,"annotationLevel");function Z(t){return t.steps.length===1?`step "${t.steps[0].name}"`:t.steps.length>1?`step ${t.steps.map(n=>`"${n.name}"`).join(" or ")}`:t.process?P(t.process):"an unknown step"}a(Z,"stepWords");function rt(t){return x(t).map(n=>{let e=n.findings[0],r=n.findings.length;return{level:J(n.highest),title:b(`Falco: ${n.rule}`,120),message:b(`${r} alert${r===1?"":"s"} (highest priority ${n.highest}); first at ${e.alert.time} in ${Z(e)}: ${N(e.alert.output)}`,500)}})}a(rt,"ruleAnnotations");function st(t,n){if(n==="none")return{failed:!1};let e=t.filter(i=>y(i.alert.priority,n));if(e.length===0)return{failed:!1};let r=x(e).map(i=>`${i.rule} (${i.highest}, ${i.findings.length})`);return{failed:!0,failureMessage:b(`Falco raised ${e.length} alert${e.length===1?"":"s"} at or above "${n}" (fail-on): ${r.join("; ")}. See the job summary.`,1e3)}}a(st,"failOnVerdict");export{W as a,D as b,N as c,nt as d,rt as e,st as f};
