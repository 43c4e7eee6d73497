const mysql = require('mysql2');

const pool = mysql.createPool({
  connectionLimit: 5,
  reconnect: true,});

module.exports = pool;
