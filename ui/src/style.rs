//! The components' stylesheet. Every rule is scoped under `.cl-root`, so the host page is
//! untouched; colours come from CSS variables a page may override (`--cl-primary`, …).

pub const CSS: &str = r#"
.cl-root{--cl-primary:#4f46e5;--cl-primary-hover:color-mix(in srgb,var(--cl-primary) 85%,#000);--cl-ring:color-mix(in srgb,var(--cl-primary) 22%,transparent);--cl-text:#111827;--cl-muted:#6b7280;--cl-border:#e5e7eb;--cl-danger:#b91c1c;--cl-bg:#fff;
font-family:var(--cl-font,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif);color:var(--cl-text);font-size:15px;line-height:1.45;display:flex;justify-content:center}
.cl-root *{box-sizing:border-box}
.cl-card{width:100%;max-width:400px;background:var(--cl-bg);border:1px solid var(--cl-border);border-radius:calc(var(--cl-radius,8px) + 6px);padding:32px 28px 24px;box-shadow:0 10px 30px rgb(17 24 39/.08),0 1px 2px rgb(17 24 39/.05)}
.cl-header{text-align:center;margin-bottom:22px}
.cl-title{font-size:1.25rem;font-weight:650;margin:0 0 4px}
.cl-subtitle{color:var(--cl-muted);margin:0;font-size:.93rem;overflow-wrap:anywhere}
.cl-form{margin:0}
.cl-fieldset{border:0;margin:0;padding:0;min-width:0}
.cl-row{display:flex;gap:12px}.cl-row>.cl-field{flex:1;min-width:0}
.cl-field{margin-bottom:14px}
.cl-label{display:flex;justify-content:space-between;font-weight:550;font-size:.87rem;margin-bottom:6px}
.cl-optional{color:var(--cl-muted);font-weight:400}
.cl-input{width:100%;font:inherit;padding:9px 12px;border:1px solid #d1d5db;border-radius:var(--cl-radius,8px);background:#fff;color:inherit;outline:none;transition:border-color .15s,box-shadow .15s}
.cl-input:focus{border-color:var(--cl-primary);box-shadow:0 0 0 3px var(--cl-ring)}
.cl-input[aria-invalid=true]{border-color:var(--cl-danger)}
.cl-input[aria-invalid=true]:focus{box-shadow:0 0 0 3px rgb(185 28 28/.15)}
.cl-code{letter-spacing:.5em;text-align:center;font-size:1.2rem;font-variant-numeric:tabular-nums}
.cl-field-error{color:var(--cl-danger);font-size:.85rem;margin:6px 0 0}
.cl-field-error:empty{display:none}
.cl-alert{color:var(--cl-danger);background:#fef2f2;border:1px solid #fecaca;border-radius:var(--cl-radius,8px);padding:9px 12px;font-size:.88rem;margin:0 0 14px}
.cl-alert:empty{display:none}
.cl-button{width:100%;font:inherit;font-weight:600;border-radius:var(--cl-radius,8px);padding:10px 14px;cursor:pointer;border:1px solid transparent;transition:background .15s,opacity .15s}
.cl-primary{background:var(--cl-primary);color:#fff}.cl-primary:hover{background:var(--cl-primary-hover)}
.cl-secondary{background:#fff;color:var(--cl-text);border-color:var(--cl-border);margin-top:8px}.cl-secondary:hover{background:#f9fafb}
.cl-button:focus-visible,.cl-link:focus-visible{outline:3px solid var(--cl-ring);outline-offset:2px}
.cl-button:disabled{opacity:.6;cursor:progress}
.cl-busy .cl-primary::after{content:"";display:inline-block;width:.9em;height:.9em;margin-left:.5em;vertical-align:-.12em;border:2px solid currentColor;border-right-color:transparent;border-radius:50%;animation:cl-spin .7s linear infinite}
@keyframes cl-spin{to{transform:rotate(360deg)}}
.cl-alt{display:flex;flex-direction:column;align-items:center;gap:6px;margin-top:14px}
.cl-link{background:none;border:0;padding:0;font:inherit;font-size:.9rem;color:var(--cl-primary);cursor:pointer;text-decoration:none}
.cl-link:hover{text-decoration:underline}
.cl-footer{text-align:center;color:var(--cl-muted);font-size:.9rem;margin-top:20px;padding-top:16px;border-top:1px solid var(--cl-border)}
.cl-choices{display:flex;flex-direction:column;gap:8px}.cl-choices .cl-secondary{margin-top:0}
.cl-divider{display:flex;align-items:center;gap:12px;color:var(--cl-muted);font-size:.85rem;margin:18px 0}
.cl-divider::before,.cl-divider::after{content:"";flex:1;border-top:1px solid var(--cl-border)}
.cl-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
"#;
