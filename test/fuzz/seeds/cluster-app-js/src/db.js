const mysql = require('mysql2');

// One pool per worker; its size from the environment, 5 otherwise.
const pool = mysql.createPool({
  host: process.env.DB_HOST || 'localhost',
  port: Number(process.env.DB_PORT ?? 3306),
  connectionLimit: +process.env.DB_POOL_SIZE || 5,
  reconnect: true,
});

module.exports = { pool };
