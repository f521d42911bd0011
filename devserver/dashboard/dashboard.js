// the dashboard script (devserver/dashboard/dashboard.js)
