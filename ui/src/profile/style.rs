//! The stylesheet of `<UserProfile/>`, added once per document by the first one mounted (the
//! sign-in card's `style.rs` is always there too: this builds on its variables, inputs and
//! buttons). A card wider than the sign-in card — up to 880px, the pages' navigation in a column
//! on the left — that collapses to one column on narrow screens; sections with their title
//! beside their rows; badges; small link-like row actions; inline forms with "Cancel" and the
//! primary button; the sections' own parts: a device's detail lines (one under the other), the
//! "Sign out of all other devices" checkbox, the note under an account whose connection failed,
//! the "Connect account" / "Connect wallet" menus. Every rule is scoped under `.cl-root`.

pub const CSS: &str = r#"
.cl-root .cl-profile{max-width:880px;padding:0;display:grid;grid-template-columns:180px minmax(0,1fr);overflow:hidden;text-align:left}
.cl-root .cl-navbar{display:flex;flex-direction:column;gap:2px;padding:24px 12px;background:color-mix(in srgb,var(--cl-text) 3%,var(--cl-bg));border-right:1px solid var(--cl-border)}
.cl-root .cl-nav-button{font:inherit;font-size:.93rem;text-align:left;color:var(--cl-muted);background:none;border:0;border-radius:var(--cl-radius,8px);padding:8px 12px;cursor:pointer}
.cl-root .cl-nav-button:hover{color:var(--cl-text);background:color-mix(in srgb,var(--cl-text) 5%,transparent)}
.cl-root .cl-nav-button[aria-current=page]{color:var(--cl-text);font-weight:600;background:color-mix(in srgb,var(--cl-primary) 10%,transparent)}
.cl-root .cl-page{padding:28px 32px 32px;min-width:0}
.cl-root .cl-page>.cl-title{padding-bottom:14px;margin-bottom:4px;border-bottom:1px solid var(--cl-border)}
.cl-root .cl-page>.cl-alert{margin:12px 0 0}
.cl-root .cl-notice{margin:12px 0 0;padding:9px 12px;border-radius:var(--cl-radius,8px);font-size:.88rem;color:#065f46;background:#ecfdf5;border:1px solid #a7f3d0}
.cl-root .cl-section{display:grid;grid-template-columns:150px minmax(0,1fr);gap:8px 20px;padding:16px 0;border-bottom:1px solid var(--cl-border)}
.cl-root .cl-section:last-child{border-bottom:0}
.cl-root .cl-section-title{font-size:.93rem;font-weight:600;margin:6px 0 0}
.cl-root .cl-section-body{display:flex;flex-direction:column;gap:2px;min-width:0}
.cl-root .cl-item{display:flex;align-items:center;justify-content:space-between;flex-wrap:wrap;gap:4px 12px;min-height:36px;padding:4px 0}
.cl-root .cl-item-main{flex:1 1 12rem;display:flex;align-items:center;flex-wrap:wrap;gap:6px 10px;min-width:0}
.cl-root .cl-item-text{overflow-wrap:anywhere}
.cl-root .cl-badge{font-size:.75rem;font-weight:550;line-height:1.5;padding:0 8px;border-radius:999px;color:var(--cl-muted);border:1px solid var(--cl-border);background:var(--cl-bg)}
.cl-root .cl-item-actions{flex:none;display:flex;align-items:center;flex-wrap:wrap;gap:4px 14px}
.cl-root .cl-action,.cl-root .cl-add{font:inherit;font-size:.85rem;font-weight:550;background:none;border:0;padding:4px 0;color:var(--cl-primary);cursor:pointer}
.cl-root .cl-add,.cl-root .cl-section-body>.cl-action{align-self:flex-start;padding:6px 0}
.cl-root .cl-add::before{content:"+";margin-right:6px}
.cl-root .cl-action:hover,.cl-root .cl-add:hover{text-decoration:underline}
.cl-root .cl-danger{color:var(--cl-danger)}
.cl-root .cl-action:focus-visible,.cl-root .cl-add:focus-visible,.cl-root .cl-nav-button:focus-visible,.cl-root .cl-sr:focus-visible+.cl-upload{outline:3px solid var(--cl-ring);outline-offset:2px}
.cl-root .cl-action:disabled,.cl-root .cl-add:disabled{opacity:.6;cursor:progress}
.cl-root .cl-inline-form{margin:6px 0 10px;padding:16px 18px;border:1px solid var(--cl-border);border-radius:calc(var(--cl-radius,8px) + 4px);background:var(--cl-bg);box-shadow:0 4px 14px rgb(17 24 39/.06)}
.cl-root .cl-form-title{font-size:1rem;font-weight:600;margin:0 0 4px}
.cl-root .cl-form-text{color:var(--cl-muted);font-size:.88rem;margin:0 0 12px;overflow-wrap:anywhere}
.cl-root .cl-form-link{display:block;margin:-4px 0 14px}
.cl-root .cl-form-actions{display:flex;justify-content:flex-end;gap:8px}
.cl-root .cl-form-actions .cl-button,.cl-root .cl-upload,.cl-root .cl-menu .cl-button{width:auto;margin:0;padding:7px 14px;font-size:.9rem}
.cl-root .cl-danger-form .cl-primary{background:var(--cl-danger)}
.cl-root .cl-danger-form .cl-primary:hover{background:color-mix(in srgb,var(--cl-danger) 85%,#000)}
.cl-root .cl-avatar{flex:none;width:44px;height:44px;border-radius:50%;object-fit:cover;display:inline-flex;align-items:center;justify-content:center;font-weight:600;text-transform:uppercase;color:#fff;background:var(--cl-primary)}
.cl-root .cl-image-field{display:flex;align-items:center;gap:16px;margin-bottom:16px}
.cl-root .cl-image-field .cl-avatar{width:56px;height:56px}
.cl-root .cl-image-field .cl-label{margin:0 0 6px}
.cl-root .cl-image-field .cl-form-text{margin:6px 0 0;font-size:.8rem}
.cl-root .cl-upload{display:inline-block;cursor:pointer}
.cl-root.cl-busy .cl-upload{opacity:.6;cursor:progress}
.cl-root .cl-item-detail{flex-basis:100%;color:var(--cl-muted);font-size:.87rem}
.cl-root .cl-item-note{margin:-2px 0 8px;font-size:.87rem;color:var(--cl-muted)}
.cl-root .cl-item-note .cl-action{margin-left:8px}
.cl-root .cl-menu{flex-direction:row;flex-wrap:wrap;align-items:center;gap:8px;margin:6px 0}
.cl-root .cl-checkbox .cl-label{justify-content:flex-start;gap:8px;font-weight:500}
.cl-root .cl-checkbox .cl-form-text{color:var(--cl-muted);font-size:.85rem;margin:4px 0 0}
@media (max-width:720px){.cl-root .cl-profile{grid-template-columns:1fr}.cl-root .cl-navbar{flex-direction:row;padding:10px 12px;border-right:0;border-bottom:1px solid var(--cl-border)}.cl-root .cl-page{padding:20px 18px 24px}.cl-root .cl-section{grid-template-columns:1fr}}
"#;
