DROP INDEX "User_email_active_key";
DROP INDEX "User_lower_email_idx";
DROP INDEX "User_lower_name_active_idx";
