import mysql from 'mysql';

// The old reports pool: the mysql package accepts acquireTimeout.
export const legacy = mysql.createPool({ host: 'localhost', connectionLimit: 1, acquireTimeout: 10000 });
