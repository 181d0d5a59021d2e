/// The report's style sheet. Colours are variables: a light scheme, a dark one (when the
/// reader's system prefers it), and the light one again on paper. Series colours keep
/// their hue across schemes (blue training, orange validation, green penalty).
enum ReportStyle {
    static let css = """
        :root{color-scheme:light dark;--bg:#ffffff;--fg:#1f2328;--muted:#59636e;--rule:#d1d9e0;--grid:#eaeef2;--axis:#818b98;--panel:#f6f8fa;--link:#0969da;
        --s0:#1f6feb;--s1:#e8590c;--s2:#2b8a3e;--s3:#c92a2a;--s4:#862e9c;--s5:#0b7285;--s6:#5c7cfa;--s7:#f08c00;--s8:#66a80f;--s9:#e64980;--s10:#7048e8;--s11:#1098ad}
        @media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--rule:#3d444d;--grid:#21262d;--axis:#656c76;--panel:#151b23;--link:#4493f8;
        --s0:#58a6ff;--s1:#ff922b;--s2:#51cf66;--s3:#ff6b6b;--s4:#cc5de8;--s5:#3bc9db;--s6:#91a7ff;--s7:#ffd43b;--s8:#a9e34b;--s9:#f783ac;--s10:#b197fc;--s11:#66d9e8}}
        @media print{:root{--bg:#ffffff;--fg:#000000;--muted:#444444;--rule:#999999;--grid:#e5e5e5;--axis:#555555;--panel:#ffffff;--link:#000000;
        --s0:#1f6feb;--s1:#e8590c;--s2:#2b8a3e;--s3:#c92a2a;--s4:#862e9c;--s5:#0b7285;--s6:#5c7cfa;--s7:#f08c00;--s8:#66a80f;--s9:#e64980;--s10:#7048e8;--s11:#1098ad}
        nav{display:none}figure,table,tr{break-inside:avoid}h2,h3{break-after:avoid}details>summary{list-style:none}
        .panel{border-color:#999}a{text-decoration:none}.grid{grid-template-columns:repeat(2,1fr)}}
        *{box-sizing:border-box}
        html{background:var(--bg);color:var(--fg)}
        body{margin:0 auto;max-width:1500px;padding:20px 24px 48px;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
        h1{font-size:1.6rem;margin:0 0 6px}h2{font-size:1.25rem;margin:32px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--rule)}h3{font-size:1rem;margin:18px 0 8px}
        a{color:var(--link)}code,pre{font:13px/1.4 ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace}
        .facts{display:flex;flex-wrap:wrap;gap:4px 18px;margin:0 0 8px;color:var(--muted)}.facts div{display:flex;gap:6px}.facts dt{font-weight:600}.facts dd{margin:0}
        nav{margin:6px 0}.note{color:var(--muted);margin:4px 0 10px;max-width:70em}
        .scroll{overflow-x:auto}table{border-collapse:collapse;font-variant-numeric:tabular-nums}
        th,td{padding:4px 10px;border-bottom:1px solid var(--rule);text-align:left;white-space:nowrap}thead th{border-bottom:2px solid var(--rule)}
        td.num,tbody th{text-align:right}
        .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:14px}.grid.wide{grid-template-columns:repeat(auto-fill,minmax(420px,1fr))}
        figure{margin:0}.panel{border:1px solid var(--rule);border-radius:6px;padding:8px 8px 4px;background:var(--panel)}
        figcaption{font-size:.9rem;margin-bottom:4px;overflow-wrap:anywhere}#loss .panel{display:flex;flex-direction:column}#loss figcaption{flex:1}figcaption span{color:var(--muted)}
        svg.figure{display:block;width:100%;height:auto;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
        .ttl{font-size:13px;font-weight:600;fill:var(--fg)}.tick{font-size:11px;fill:var(--muted)}.lbl{font-size:12px;fill:var(--fg)}.leg{font-size:11.5px;fill:var(--fg)}
        .gl{stroke:var(--grid);stroke-width:1}.axis{fill:none;stroke:var(--axis);stroke-width:1}
        .line{fill:none;stroke-width:1.8;stroke-linejoin:round;stroke-linecap:round}.err{fill:none;stroke-width:1;opacity:.55}.mk{stroke-width:1.3;stroke-dasharray:4 3}
        .dot{stroke:none}.bar{stroke:none;opacity:.85}
        .s0{stroke:var(--s0)}.s1{stroke:var(--s1)}.s2{stroke:var(--s2)}.s3{stroke:var(--s3)}.s4{stroke:var(--s4)}.s5{stroke:var(--s5)}
        .s6{stroke:var(--s6)}.s7{stroke:var(--s7)}.s8{stroke:var(--s8)}.s9{stroke:var(--s9)}.s10{stroke:var(--s10)}.s11{stroke:var(--s11)}
        .dot.s0,.bar.s0,.t0{fill:var(--s0)}.dot.s1,.bar.s1,.t1{fill:var(--s1)}.dot.s2,.bar.s2,.t2{fill:var(--s2)}.dot.s3,.bar.s3,.t3{fill:var(--s3)}
        .dot.s4,.bar.s4,.t4{fill:var(--s4)}.dot.s5,.bar.s5,.t5{fill:var(--s5)}.dot.s6,.bar.s6,.t6{fill:var(--s6)}.dot.s7,.bar.s7,.t7{fill:var(--s7)}
        .dot.s8,.bar.s8,.t8{fill:var(--s8)}.dot.s9,.bar.s9,.t9{fill:var(--s9)}.dot.s10,.bar.s10,.t10{fill:var(--s10)}.dot.s11,.bar.s11,.t11{fill:var(--s11)}
        .nopenalty{aspect-ratio:440/120;display:flex;align-items:center;justify-content:center;color:var(--muted);font-size:.85rem;border-top:1px dashed var(--rule);margin-top:4px}
        .mapgrid{display:grid;grid-template-columns:repeat(auto-fill,minmax(440px,1fr));gap:6px 24px}.maps{margin:10px 0 16px}.maprow{display:flex;flex-wrap:wrap;gap:14px;align-items:flex-start}
        svg.map image{image-rendering:pixelated;image-rendering:crisp-edges}.frame{fill:none;stroke:var(--axis);stroke-width:1}.zero{fill:#ffffff;stroke:var(--axis);stroke-width:1}svg.colourbar{display:block;margin:0 0 6px}
        pre{background:var(--panel);border:1px solid var(--rule);border-radius:6px;padding:10px 12px;overflow-x:auto;margin:6px 0}
        .ln{color:var(--muted);user-select:none}summary{cursor:pointer;font-weight:600;margin:8px 0 4px}
        pre.entry{border-left:3px solid var(--s0)}
        @media print{pre{white-space:pre-wrap;overflow:visible}body{max-width:none;padding:0}}
        """
}
