import { createRequire as __falcoCreateRequire } from 'node:module'; import { fileURLToPath as __falcoFileURLToPath } from 'node:url'; import { dirname as __falcoDirname } from 'node:path'; const require = __falcoCreateRequire(import.meta.url); const __filename = __falcoFileURLToPath(import.meta.url); const __dirname = __falcoDirname(__filename);
import{a as I,b as N,c as S,d as E,e as O,f as x,h as K,i as y,j as T,l as L,n as j,p as C,q as F,s as W,u as H}from"./chunk-5C3YT55I.js";import"./chunk-LIWBK6RR.js";import{c as M}from"./chunk-LRBWUL6J.js";import"./chunk-VE7MTNKL.js";import"./chunk-TXCKHW5X.js";import{c as m}from"./chunk-5ZNRDBNH.js";import{a as z}from"./chunk-7V2VA6QR.js";import"./chunk-5RS4R7W3.js";import"./chunk-G54QAEX6.js";import{f as _}from"./chunk-7NEYVKEI.js";import"./chunk-UN6ZEIAB.js";import"./chunk-PIC66JKN.js";import{a as r}from"./chunk-3X4CCJAQ.js";var B=65536,P={alertRows:30,notablePerKind:15,outputChars:300},J="<!-- falco-actions:analyze:",X=" -->",V=64;function Y(t){let e=Buffer.from(t,"utf8"),o=e.length<=V?e.toString("hex"):`sha256-${z("sha256").update(e).digest("hex")}`;return`${J}${o}${X}`}r(Y,"commentMarker");function lt(t,e,o={}){let l=Y(e);return t.filter(c=>{let a=c.body??"";return a===l||a.startsWith(`${l}
`)||a.startsWith(`${l}\r
`)?o.login===void 0||c.user?.login===o.login:!1}).sort((c,a)=>c.id-a.id)[0]}r(lt,"findOwnComment");var q=/^https:\/\/[A-Za-z0-9.-]+(?::\d+)?(?:\/[A-Za-z0-9._~%/?=&+-]*)?$/;function D(t){return t===void 0?`
The full report is in this run's job summary and its JSON report artifact.
`:q.test(t)?`
The full report: [job summary and JSON report artifact](${t}).
`:`
The full report: ${m(t,500)}.
`}r(D,"pointer");function G(t){let e=P.notablePerKind,o=x.shortChars,l=r((n,g,p)=>`| ${n} | ${g} | ${p.step} | ${p.action} |
`,"row"),f=r(n=>({step:y(n),action:T(n)}),"where"),c=(t.connections??[]).filter(n=>n.scope==="public"),a=t.dns??[],h=(t.writtenFiles??[]).filter(n=>n.outsideWorkspace);return{rows:[...c.slice(0,e).map(n=>({kind:"public destination",text:r(()=>l("public destination",`${m(`${L(n.remote)}/${n.protocol}`,o)} by ${m(n.exepath||n.process,o)}`,f(n.attribution)),"text")})),...a.slice(0,e).map(n=>({kind:"domain",text:r(()=>l("domain",m(n.name,o),f(n.attribution)),"text")})),...h.slice(0,e).map(n=>({kind:"written outside the workspace",text:r(()=>l("written outside the workspace",m(n.path,o),f(n.attribution)),"text")}))],total:c.length+a.length+h.length}}r(G,"notableRows");var Q=r((t,e,o=`${e}s`)=>`${t} ${t===1?e:o}`,"plural"),U=r(t=>`${t.charAt(0).toUpperCase()}${t.slice(1)}`,"upperFirst");function at(t,e,o=B){let l=`${Y(e.jobKey)}
`,f=C(t,"###")+F(t),c=H(t).map(u=>`- ${u}
`),a=c.length===0?"":`
${c.join("")}`,h=D(e.reportUrl),i=o-l.length-f.length-a.length-h.length-400,n="";if(t.alerts.length>0){let u=`
| Rule | Priority | Time (UTC) | Step | Action | Output |
| --- | --- | --- | --- | --- | --- |
`,b=r(s=>`| ${m(s.rule,x.shortChars)} | ${_(s.priority)} | ${K(s.time)} | ${y(s.attribution)} | ${T(s.attribution)} | ${m(M(s.output),P.outputChars)} |
`,"row"),d=0;if(u.length<i){i-=u.length;let s=W(j(t.alerts),P.alertRows,i,b);i-=s.size,d=s.shown,d>0&&(n=u+s.rows)}let w=t.alerts.length-d;w>0&&(n+=`
${Q(w,"more alert")} (the least severe) in the full report.
`)}let g=G(t),p="";if(g.total>0){let u=`
#### Notable

| What | Value | Step | Action |
| --- | --- | --- | --- |
`,b=0;if(u.length<i){i-=u.length;let w="";for(let s of g.rows){let A=s.text();if(A.length>i)break;i-=A.length,w+=A,b+=1}b>0&&(p=u+w)}let d=g.total-b;d>0&&(p+=`
${d} more public destinations, domains and files written outside the workspace in the full report.
`)}let $=O(E(t,{maxRows:P.notablePerKind,level:"####"}),i);i-=$.size;let Z=$.markdown+($.left.length>0?`
${U($.left.join(", "))} ${$.left.length===1?"was":"were"} left out to fit the comment limit.
`:""),R=N(I(t,"####"),i),v=R.markdown+(R.left.length>0?`
${U(S(R.left))} ${R.left.length===1?"was":"were"} left out to fit the comment limit.
`:""),k=l+f+n+Z+p+v+a+h;return k.length<=o?k:`${l}${C(t,"###")}The report is too long for a comment.
${h}`.slice(0,o)}r(at,"renderPrComment");export{P as PR_COMMENT_LIMITS,B as PR_COMMENT_LIMIT_CHARS,Y as commentMarker,lt as findOwnComment,at as renderPrComment};
