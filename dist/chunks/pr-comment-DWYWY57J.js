import { createRequire as __falcoCreateRequire } from 'node:module'; import { fileURLToPath as __falcoFileURLToPath } from 'node:url'; import { dirname as __falcoDirname } from 'node:path'; const require = __falcoCreateRequire(import.meta.url); const __filename = __falcoFileURLToPath(import.meta.url); const __dirname = __falcoDirname(__filename);
import{a as R,c as M,d as x,e as A,g as I,i as N,k as T,l as S,n as z,p as E}from"./chunk-4L3MR52T.js";import{c as k}from"./chunk-RILYRLTL.js";import"./chunk-7IS2CTCU.js";import{b as f}from"./chunk-VPQSOOOZ.js";import{a as _}from"./chunk-5R74BJT4.js";import"./chunk-EF37QQO2.js";import{f as P}from"./chunk-7NEYVKEI.js";import"./chunk-4YIK6AJJ.js";import{a as r}from"./chunk-3X4CCJAQ.js";var K=65536,y={alertRows:30,notablePerKind:15,outputChars:300},L="<!-- falco-actions:analyze:",j=" -->",F=64;function O(t){let e=Buffer.from(t,"utf8"),o=e.length<=F?e.toString("hex"):`sha256-${_("sha256").update(e).digest("hex")}`;return`${L}${o}${j}`}r(O,"commentMarker");function V(t,e,o={}){let i=O(e);return t.filter(l=>{let a=l.body??"";return a===i||a.startsWith(`${i}
`)||a.startsWith(`${i}\r
`)?o.login===void 0||l.user?.login===o.login:!1}).sort((l,a)=>l.id-a.id)[0]}r(V,"findOwnComment");var W=/^https:\/\/[A-Za-z0-9.-]+(?::\d+)?(?:\/[A-Za-z0-9._~%/?=&+-]*)?$/;function H(t){return t===void 0?`
The full report is in this run's job summary and its JSON report artifact.
`:W.test(t)?`
The full report: [job summary and JSON report artifact](${t}).
`:`
The full report: ${f(t,500)}.
`}r(H,"pointer");function Y(t){let e=y.notablePerKind,o=R.shortChars,i=r((n,g,h)=>`| ${n} | ${g} | ${h.step} | ${h.action} |
`,"row"),p=r(n=>({step:x(n),action:A(n)}),"where"),l=(t.connections??[]).filter(n=>n.scope==="public"),a=t.dns??[],m=(t.writtenFiles??[]).filter(n=>n.outsideWorkspace);return{rows:[...l.slice(0,e).map(n=>({kind:"public destination",text:r(()=>i("public destination",`${f(`${I(n.remote)}/${n.protocol}`,o)} by ${f(n.exepath||n.process,o)}`,p(n.attribution)),"text")})),...a.slice(0,e).map(n=>({kind:"domain",text:r(()=>i("domain",f(n.name,o),p(n.attribution)),"text")})),...m.slice(0,e).map(n=>({kind:"written outside the workspace",text:r(()=>i("written outside the workspace",f(n.path,o),p(n.attribution)),"text")}))],total:l.length+a.length+m.length}}r(Y,"notableRows");var Z=r((t,e,o=`${e}s`)=>`${t} ${t===1?e:o}`,"plural");function q(t,e,o=K){let i=`${O(e.jobKey)}
`,p=T(t,"###")+S(t),l=E(t).map(u=>`- ${u}
`),a=l.length===0?"":`
${l.join("")}`,m=H(e.reportUrl),c=o-i.length-p.length-a.length-m.length-400,n="";if(t.alerts.length>0){let u=`
| Rule | Priority | Time (UTC) | Step | Action | Output |
| --- | --- | --- | --- | --- | --- |
`,b=r(s=>`| ${f(s.rule,R.shortChars)} | ${P(s.priority)} | ${M(s.time)} | ${x(s.attribution)} | ${A(s.attribution)} | ${f(k(s.output),y.outputChars)} |
`,"row"),d=0;if(u.length<c){c-=u.length;let s=z(N(t.alerts),y.alertRows,c,b);c-=s.size,d=s.shown,d>0&&(n=u+s.rows)}let $=t.alerts.length-d;$>0&&(n+=`
${Z($,"more alert")} (the least severe) in the full report.
`)}let g=Y(t),h="";if(g.total>0){let u=`
#### Notable

| What | Value | Step | Action |
| --- | --- | --- | --- |
`,b=0;if(u.length<c){c-=u.length;let $="";for(let s of g.rows){let w=s.text();if(w.length>c)break;c-=w.length,$+=w,b+=1}b>0&&(h=u+$)}let d=g.total-b;d>0&&(h+=`
${d} more public destinations, domains and files written outside the workspace in the full report.
`)}let C=i+p+n+h+a+m;return C.length<=o?C:`${i}${T(t,"###")}The report is too long for a comment.
${m}`.slice(0,o)}r(q,"renderPrComment");export{y as PR_COMMENT_LIMITS,K as PR_COMMENT_LIMIT_CHARS,O as commentMarker,V as findOwnComment,q as renderPrComment};
