import mysql from 'mysql';

export const reports = mysql.createPool({ connectionLimit: 1 }), audit = mysql.createPool({ connectionLimit: 2 });
